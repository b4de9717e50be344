"""The Flask quickstart's session example, run as written: GET /logout with session.pop('username').

Prints JSON observations for test/flask/flask-facts.test.ts: what an anonymous and a second logout
answer (LO-07), and whether anything before login sets a cookie that LO-10 could replay.
"""

import json
import logging

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)
app.secret_key = b"quickstart-secret"
logging.getLogger("werkzeug").disabled = True
app.logger.disabled = True  # the KeyError traceback is expected; keep stdout and stderr clean


@app.route("/")
def index():
    if "username" in session:
        return f"Logged in as {session['username']}"
    return "You are not logged in"


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        session["username"] = request.form["username"]
        return redirect(url_for("index"))
    return '<form method="post"><input name="username"><button>Login</button></form>'


@app.route("/logout")
def logout():
    session.pop("username")  # as in the quickstart of Flask 2.2: no default
    return redirect(url_for("index"))


def cookies(response):
    return response.headers.getlist("Set-Cookie")


anonymous = app.test_client()
anon_logout = anonymous.get("/logout")

browser = app.test_client()
before_login = [cookies(browser.get("/")), cookies(browser.get("/login"))]
login_response = browser.post("/login", data={"username": "alice"})
first_logout = browser.get("/logout")
second_logout = browser.get("/logout")

# An attacker who plants a cookie cannot make it a logged-in one: the value is signed, and login
# replaces whatever the browser sent with a newly signed value.
planted = "eyJ1c2VybmFtZSI6ImV2ZSJ9.forged.signature"
victim = app.test_client(use_cookies=False)
planted_index = victim.get("/", headers={"Cookie": f"session={planted}"}).get_data(as_text=True)
planted_login = victim.post("/login", data={"username": "alice"}, headers={"Cookie": f"session={planted}"})

print(
    json.dumps(
        {
            "anonymousLogout": anon_logout.status_code,
            "setCookieBeforeLogin": [c for group in before_login for c in group],
            "loginSetCookie": cookies(login_response),
            "firstLogout": first_logout.status_code,
            "firstLogoutSetCookie": cookies(first_logout),
            "secondLogout": second_logout.status_code,
            "plantedIndex": planted_index,
            "planted": planted,
            "plantedLoginSetCookie": cookies(planted_login),
        }
    )
)
