"""Data rights: a person downloads all their data, withdraws consents and asks for
erasure; each app declares its personal data in one place."""
