"""Checks at 3, 6 and 12 months after a placement: is the person still in work, and how."""
