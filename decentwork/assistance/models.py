"""Spells of social assistance per person, and exits from it into registered work."""
