"""Flask-Login's "strong" session protection and the client's address: a session cookie replayed
from another address, with and without a spoofed X-Forwarded-For, directly and behind one proxy
with Werkzeug's ProxyFix.

Prints JSON observations for test/flask/flask-facts.test.ts.
"""

import inspect
import json

import flask_login.utils
from flask import Flask
from flask_login import LoginManager, UserMixin, current_user, login_user
from werkzeug.middleware.proxy_fix import ProxyFix

VICTIM, ATTACKER, PROXY = "203.0.113.5", "198.51.100.7", "127.0.0.1"


def make_app(wrap=None):
    app = Flask(__name__)
    app.secret_key = b"strong-secret"
    login_manager = LoginManager(app)
    login_manager.session_protection = "strong"

    class User(UserMixin):
        id = "alice"

    login_manager.user_loader(lambda user_id: User() if user_id == "alice" else None)

    @app.post("/login")
    def login():
        login_user(User())
        return "ok"

    @app.get("/me")
    def me():
        return ("alice", 200) if current_user.is_authenticated else ("anonymous", 401)

    if wrap is not None:
        app.wsgi_app = wrap(app.wsgi_app)
    return app


def replay(app, login_from, login_xff, replay_from, replay_xff):
    """Log in from one address, then send the same session cookie from another: 200 means the
    stolen cookie still works."""
    client = app.test_client()
    headers = lambda xff: {} if xff is None else {"X-Forwarded-For": xff}
    client.post("/login", environ_base={"REMOTE_ADDR": login_from}, headers=headers(login_xff))
    return client.get("/me", environ_base={"REMOTE_ADDR": replay_from}, headers=headers(replay_xff)).status_code


def drop_forwarded_for(inner):
    """Runs after ProxyFix: REMOTE_ADDR is already the client, so the raw header can go, and
    Flask-Login 0.6 has nothing left to read but the address ProxyFix chose."""

    def app(environ, start_response):
        environ.pop("HTTP_X_FORWARDED_FOR", None)
        return inner(environ, start_response)

    return app


direct = make_app()
proxied = make_app(lambda wsgi: ProxyFix(wsgi, x_for=1))
fixed = make_app(lambda wsgi: ProxyFix(drop_forwarded_for(wsgi), x_for=1))
spoofed_chain = f"{VICTIM}, {ATTACKER}"  # the attacker's header, then what the proxy appends

print(
    json.dumps(
        {
            "readsHeader": 'request.headers.get("X-Forwarded-For"' in inspect.getsource(flask_login.utils._get_remote_addr),
            "direct": {
                "sameAddress": replay(direct, VICTIM, None, VICTIM, None),
                "otherAddress": replay(direct, VICTIM, None, ATTACKER, None),
                "otherAddressSpoofed": replay(direct, VICTIM, None, ATTACKER, VICTIM),
            },
            "proxyFix": {
                "sameClient": replay(proxied, PROXY, VICTIM, PROXY, VICTIM),
                "otherClient": replay(proxied, PROXY, VICTIM, PROXY, ATTACKER),
                "otherClientSpoofed": replay(proxied, PROXY, VICTIM, PROXY, spoofed_chain),
            },
            "proxyFixAndDrop": {
                "sameClient": replay(fixed, PROXY, VICTIM, PROXY, VICTIM),
                "otherClientSpoofed": replay(fixed, PROXY, VICTIM, PROXY, spoofed_chain),
            },
        }
    )
)
