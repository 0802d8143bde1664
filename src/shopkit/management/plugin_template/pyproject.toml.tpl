[build-system]
requires = ["setuptools>=61", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "${distribution}"
version = "0.1.0"
description = "${title}: an SMS provider for shopkit"
requires-python = ">=3.11"
dependencies = ["shopkit>=${shopkit_version}"]

[project.optional-dependencies]
test = ["pytest>=8.0", "pytest-django>=4.8"]

# shopkit loads the plugin from this entry point (unless SHOPKIT_PLUGIN_AUTOLOAD
# is False); its name is the plugin's name in `manage.py shopkit_plugins`.
[project.entry-points.shopkit]
${module} = "${module}"

[tool.setuptools]
packages = ["${module}"]

[tool.pytest.ini_options]
# A host project with every shopkit app on embedded services (shopkit.testing.settings).
DJANGO_SETTINGS_MODULE = "shopkit.testing.settings"
testpaths = ["tests"]
