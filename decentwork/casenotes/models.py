"""Case notes about a job seeker, with a confidentiality level; every read of a
confidential note is audited."""
