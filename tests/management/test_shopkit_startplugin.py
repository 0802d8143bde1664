"""``manage.py shopkit_startplugin``: the package it writes installs and its own tests pass."""

import os
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def start_plugin(name, directory):
    call_command("shopkit_startplugin", name, directory=str(directory))
    return directory / name


def throwaway_venv(path):
    """A venv seeing this environment's packages (shopkit, Django, pytest, pip,
    setuptools, wheel) through a .pth that adds its site-packages, .pth files
    included: --system-site-packages alone would see the base interpreter's."""
    venv.create(path, system_site_packages=True, with_pip=False)
    python = path / "bin" / "python"
    site_packages = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    parent = sysconfig.get_paths()["purelib"]
    Path(site_packages, "shopkit_parent.pth").write_text(
        f"import site; site.addsitedir({parent!r})\n"
    )
    return python


def test_the_generated_plugin_installs_offline_and_its_tests_pass(tmp_path):
    project = start_plugin("acme_sms", tmp_path)
    python = throwaway_venv(tmp_path / "venv")
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", str(project)],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    # The plugin's own test run: its settings are shopkit.testing.settings, not ours.
    ours = {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    env = {key: value for key, value in os.environ.items() if key not in ours}
    run = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs"],
        cwd=project, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "7 passed" in run.stdout, run.stdout


def test_the_package_has_an_entry_point_a_plugin_and_tests(tmp_path):
    project = start_plugin("acme_sms", tmp_path)
    assert (
        '[project.entry-points.shopkit]\nacme_sms = "acme_sms"'
        in (project / "pyproject.toml").read_text()
    )
    assert "def shopkit_sms_providers()" in (project / "acme_sms" / "__init__.py").read_text()
    assert (
        "class AcmeSmsProvider(SMSProvider)" in (project / "acme_sms" / "provider.py").read_text()
    )
    assert "SMSProviderContract" in (project / "tests" / "test_acme_sms.py").read_text()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Acme", "not a valid plugin name"),
        ("acme-sms", "not a valid plugin name"),
        ("1sms", "not a valid plugin name"),
        ("class", "not a valid plugin name"),
        ("json", "existing Python module"),
    ],
)
def test_a_bad_name_is_a_command_error(tmp_path, name, problem):
    with pytest.raises(CommandError, match=problem):
        start_plugin(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_target_or_a_missing_directory_is_a_command_error(tmp_path):
    (tmp_path / "acme_sms").mkdir()
    with pytest.raises(CommandError, match="already exists"):
        start_plugin("acme_sms", tmp_path)
    with pytest.raises(CommandError, match="not an existing folder"):
        start_plugin("acme_sms", tmp_path / "missing")
