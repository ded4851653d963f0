"""Settings: one place, every one documented in the README, read from env and kg.toml."""
import pytest

from kg.config import SETTINGS, ConfigError, load_config

from conftest import ROOT


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in readme or f"KG_{name.upper()}" not in readme]
    assert not missing, f"settings not documented in README.md: {missing}"


def test_precedence_file_env_override(tmp_path):
    cfg_file = tmp_path / "kg.toml"
    cfg_file.write_text('store = "from-file"\nmax_rows = 5\n', encoding="utf-8")
    env = {"KG_CONFIG": str(cfg_file), "KG_MAX_ROWS": "7"}
    cfg = load_config({"store": "from-option"}, env=env)
    assert cfg.store == "from-option" and cfg.max_rows == 7
    assert load_config(env={"KG_CONFIG": str(cfg_file)}).store == "from-file"


def test_bad_settings_are_named(tmp_path):
    with pytest.raises(ConfigError, match="max_rows"):
        load_config(env={"KG_MAX_ROWS": "many", "KG_CONFIG": str(tmp_path / "none.toml")})
    bad = tmp_path / "kg.toml"
    bad.write_text("colour = 'blue'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_config(env={"KG_CONFIG": str(bad)})
