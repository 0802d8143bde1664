# ${distribution}

${title}: the SMS provider `${module}` for shopkit.

Install it next to shopkit; it advertises itself in the entry point group
`shopkit`, so shopkit loads it. Configure it under its name:

```python
SHOPKIT_SMS_PROVIDERS = {"${module}": {"OPTIONS": {"sender": "My shop"}}}
SHOPKIT_SMS_CODE_PROVIDER = "${module}"
```

`manage.py shopkit_plugins` shows it, and which SMS provider name it supplies.

Run its tests (they use shopkit's author kit, `shopkit.testing`):

```sh
pip install -e ".[test]"
pytest
```
