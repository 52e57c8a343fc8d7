"""Staff accounts: administrators invite, place and deactivate the people who work
at offices and sites, and land on a page of their own."""
