"""Real-editor tests: select or deselect them with `-m editors` / `-m "not editors"`."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "editors: drives a real editor (Neovim, VS Code); needs .ci/editors/install-*.sh"
    )
