"""Casework: assessment, action plans, appointments and follow-up (issue 17).

Offices and their staff live in ``network``; training programmes in ``programmes``.
"""
