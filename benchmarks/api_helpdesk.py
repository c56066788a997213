"""django-helpdesk for benchmarks/api.py: its own virtual environment in a scratch
directory, a minimal Django project, its own PostgreSQL database, served by gunicorn.

Tickets are opened through django-helpdesk's own REST API (`POST /api/tickets/`, Django
REST framework), authenticated by a DRF token (`Authorization: Token ...`): a lookup per
request, as remit's bearer token is. Mail goes to Django's dummy backend: the messages
are still built from their templates, as remit still writes its notices to the outbox.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

REQUIREMENTS = ("django-helpdesk>=2,<3", "gunicorn>=22", "psycopg[binary]>=3.2,<4")

SETTINGS = """\
SECRET_KEY = "benchmark-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "benchsite.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": DATABASE_USER,
        "HOST": DATABASE_HOST,
        "PORT": DATABASE_PORT,
        "CONN_MAX_AGE": 600,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1
USE_TZ = True
STATIC_URL = "/static/"
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.com"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
}
HELPDESK_TEAMS_MODE_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
"""

URLS = """\
from django.urls import include, path

urlpatterns = [path("", include("helpdesk.urls", namespace="helpdesk"))]
"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
application = get_wsgi_application()
"""

MANAGE = """\
import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
execute_from_command_line(sys.argv)
"""

# the agent who opens tickets: staff (the ticket API is for staff), with a DRF token
PREPARE = """\
import json
from django.contrib.auth import get_user_model
from helpdesk.models import Queue
from rest_framework.authtoken.models import Token

user = get_user_model().objects.create_user(
    "intake", "intake@example.com", "not-used-by-the-benchmark", is_staff=True,
    is_superuser=True,
)
queue = Queue.objects.create(title="Service desk", slug="desk", email_address="desk@example.com")
print(json.dumps({"token": Token.objects.create(user=user).key, "queue": queue.id}))
"""


@dataclass(frozen=True)
class Helpdesk:
    root: Path
    python: Path
    token: str
    queue: int

    def gunicorn(self, bind: str, workers: int, threads: int) -> list[str]:
        return [
            str(self.python.parent / "gunicorn"),
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--bind",
            bind,
            "--log-level",
            "warning",
            "benchsite.wsgi",
        ]


def install(scratch: Path) -> tuple[Path, str]:
    """A virtual environment with django-helpdesk under `scratch` (reused when present).
    Returns its python and the installed django-helpdesk version."""
    venv = scratch / "helpdesk-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *REQUIREMENTS,
        ],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    version = subprocess.run(
        [
            str(python),
            "-c",
            "from importlib.metadata import version; print(version('django-helpdesk'))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return python, version


def write_project(root: Path, database: str, user: str, host: str, port: int) -> None:
    site = root / "benchsite"
    site.mkdir(parents=True, exist_ok=True)
    head = textwrap.dedent(
        f"""\
        DATABASE_NAME = {database!r}
        DATABASE_USER = {user!r}
        DATABASE_HOST = {host!r}
        DATABASE_PORT = {port!r}
        """
    )
    (site / "__init__.py").write_text("")
    (site / "settings.py").write_text(head + SETTINGS)
    (site / "urls.py").write_text(URLS)
    (site / "wsgi.py").write_text(WSGI)
    (root / "manage.py").write_text(MANAGE)


def prepare(python: Path, root: Path) -> Helpdesk:
    """Migrate the database and create the agent, its token and one queue."""
    manage = [str(python), "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=root, check=True)
    made = subprocess.run(
        [*manage, "shell", "-c", PREPARE], cwd=root, check=True, capture_output=True, text=True
    )
    facts = json.loads(made.stdout.strip().splitlines()[-1])
    return Helpdesk(root, python, facts["token"], int(facts["queue"]))


def ticket_body(helpdesk: Helpdesk, i: int, title: str, description: str, priority: int) -> bytes:
    return json.dumps(
        {
            "queue": helpdesk.queue,
            "title": title,
            "description": description,
            "submitter_email": f"user{i % 50}@example.com",
            "priority": priority,
        }
    ).encode()
