"""A Flask-Login logout view with and without @login_required: what a second (or stale) logout
answers. The course's rule, and check LO-07, want a harmless answer, never an error.

Prints JSON observations for test/flask/flask-facts.test.ts.
"""

import json

from flask import Flask, redirect
from flask_login import LoginManager, UserMixin, login_required, login_user, logout_user

app = Flask(__name__)
app.secret_key = b"login-secret"
login_manager = LoginManager(app)


class User(UserMixin):
    id = "alice"


@login_manager.user_loader
def load_user(user_id):
    return User() if user_id == "alice" else None


@app.post("/login")
def login():
    login_user(User())
    return "ok"


@app.post("/logout-guarded")
@login_required
def logout_guarded():
    logout_user()
    return redirect("/", code=303)


@app.post("/logout")
def logout():
    logout_user()  # harmless when nobody is logged in
    return redirect("/", code=303)


def twice(path):
    client = app.test_client()
    client.post("/login")
    return [client.post(path).status_code, client.post(path).status_code]


print(json.dumps({"guarded": twice("/logout-guarded"), "open": twice("/logout")}))
