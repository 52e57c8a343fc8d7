"""Appointments with job seekers: the counsellor's agenda, reminders, attendance and no-shows."""
