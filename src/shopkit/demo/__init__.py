"""The demo fresh-food shop loaded by ``manage.py shopkit_demo``."""
