"""Cross-cutting HTTP concerns of the production server: response headers, request
logs, the gunicorn configuration. No app imports this package, and it imports no app."""
