"""shopkit's own behaviour, written as plugins registered like third-party ones.

Every "provide" implementation here is ``trylast`` and reads Django settings,
so any other plugin overrides it.
"""
