"""A throw-away JupyterLab server for the browser tests, and how a test drives a notebook in it.

:class:`LabServer` starts ``jupyter lab`` on 127.0.0.1 with a free port, a random token and
its own configuration, runtime and data folders, serving a temporary copy of the notebooks.
Its kernels run *interactive*: ``VMO_HEADLESS`` (set for every kernel of the test session by
``tests/conftest.py``) is removed from its environment, so the notebooks show their live
widget panels. :func:`run_all` opens a notebook in a fresh workspace, runs every cell from the
Run menu, as a user would, and waits until the kernel is idle.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from kernel_checks import MARK, kernels

from vmo_lib.notebook.live import HEADLESS_VARIABLE

#: Lab settings for the tests: every cell stays in the page (no virtual scrolling), no news.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}
#: Seconds allowed for the server to answer, and for a notebook to run to the end.
START_TIMEOUT = 90
RUN_TIMEOUT = 180

#: The open notebook's kernel is connected and idle (needs ``expose_app_in_browser``).
_KERNEL_READY = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const context = panel && panel.sessionContext;
    const kernel = context && context.session?.kernel;
    return Boolean(kernel && context.isReady
        && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
}"""
#: Every non-empty code cell has run (or one failed, which stops "Run All"), kernel idle.
_RUN_FINISHED = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const kernel = panel.sessionContext.session?.kernel;
    const cells = [...panel.content.model.cells]
        .filter(c => c.type === 'code' && c.sharedModel.getSource().trim() !== '');
    const failed = cells.some(c => c.sharedModel.outputs.some(o => o.output_type === 'error'));
    return kernel && kernel.status === 'idle'
        && (failed || cells.every(c => c.executionCount !== null));
}"""


class PortTakenError(RuntimeError):
    """Another program took the port between :func:`_free_port` and the server's start."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LabServer:
    """``jupyter lab`` serving ``root``; use as a context manager (stops it and its kernels)."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root, self.home = root, home
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.marker = uuid.uuid4().hex
        self.process: subprocess.Popen[bytes] | None = None
        self.log = home / "lab.log"
        self.leftover: list[int] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, notebook: str) -> str:
        """The notebook opened in a workspace of its own, so no earlier tab is restored."""
        workspace = uuid.uuid4().hex[:8]
        return f"{self.base}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={self.token}"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != HEADLESS_VARIABLE}
        for name in ("config", "runtime", "data", "ipython"):
            (self.home / name).mkdir(parents=True, exist_ok=True)
        env |= {
            "JUPYTER_CONFIG_DIR": str(self.home / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.home / "runtime"),
            "JUPYTER_DATA_DIR": str(self.home / "data"),
            "IPYTHONDIR": str(self.home / "ipython"),
            MARK: self.marker,
        }
        settings = self.home / "config" / "lab" / "user-settings"
        for name, values in SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(values), encoding="utf-8")
        return env

    def __enter__(self) -> LabServer:
        """Start the server; on a port taken meanwhile (it exits at once), try another one."""
        for attempt in range(3):
            try:
                self._start()
                return self
            except PortTakenError:
                if attempt == 2:
                    raise
                self.port = _free_port()
        raise AssertionError("unreachable")

    def _start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ]
        env = self.environment()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=env, cwd=self.root, stdout=log, stderr=log)
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                log = self.log.read_text()
                error = PortTakenError if "is already in use" in log else RuntimeError
                raise error(f"jupyter lab exited: {log[-2000:]}")
            with (
                contextlib.suppress(OSError, http.client.HTTPException),
                urllib.request.urlopen(self.api("status"), timeout=2) as answer,
            ):
                if answer.status == 200:
                    return
            time.sleep(0.3)
        raise TimeoutError(f"jupyter lab did not answer in {START_TIMEOUT} s")

    def api(self, path: str) -> str:
        return f"{self.base}/api/{path}?token={self.token}"

    def __exit__(self, *_exc: object) -> None:
        """Shut the kernels down through the API, then stop the server (SIGTERM, then kill)."""
        with (
            contextlib.suppress(OSError, ValueError),
            urllib.request.urlopen(self.api("kernels"), timeout=5) as answer,
        ):
            for kernel in json.load(answer):
                request = urllib.request.Request(self.api(f"kernels/{kernel['id']}"))
                request.method = "DELETE"
                urllib.request.urlopen(request, timeout=10).close()
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.leftover = kernels(self.marker)  # kernels the server failed to stop
        for pid in self.leftover:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def run_all(page, lab: LabServer, notebook: str) -> None:
    """Open ``notebook`` in Lab, run every cell from the Run menu, wait until it is done."""
    page.goto(lab.url(notebook))
    page.wait_for_function(_KERNEL_READY, timeout=START_TIMEOUT * 1000, polling=250)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_RUN_FINISHED, timeout=RUN_TIMEOUT * 1000, polling=250)


def wait_idle(page) -> None:
    """Wait until the open notebook's kernel is idle again (after a widget change)."""
    page.wait_for_timeout(300)  # the comm message has left; the kernel reports busy
    page.wait_for_function(_KERNEL_READY, timeout=RUN_TIMEOUT * 1000, polling=250)


def error_outputs(page) -> list[str]:
    """Text of every stderr or error output in the open notebook."""
    selector = (
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
    )
    return page.eval_on_selector_all(selector, "outs => outs.map(o => o.innerText.slice(-1200))")
