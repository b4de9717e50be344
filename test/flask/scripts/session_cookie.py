"""Flask's default session cookie: when it carries an Expires (session.permanent, which
Flask-Session's SESSION_PERMANENT sets on every session), and how its payload is encoded
(zlib-compressed, with a leading dot, when that is shorter).

Prints JSON observations for test/flask/flask-facts.test.ts.
"""

import base64
import json
import zlib

from flask import Flask, session

app = Flask(__name__)
app.secret_key = b"cookie-secret"


@app.post("/permanent/<flag>")
def store(flag):
    session.permanent = flag == "on"
    session["theme"] = "dark"
    return "ok"


@app.post("/cart")
def cart():
    session["cart"] = ["apple"] * 20  # repetitive, so compression wins
    return "ok"


@app.post("/small")
def small():
    session["theme"] = "dark"
    return "ok"


def set_cookie(path):
    return app.test_client().post(path).headers["Set-Cookie"]


def value(header):
    return header.split(";", 1)[0].split("=", 1)[1]


def decode(cookie):
    compressed = cookie.startswith(".")
    payload = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return json.loads(zlib.decompress(raw) if compressed else raw)


small_value = value(set_cookie("/small"))
cart_value = value(set_cookie("/cart"))

print(
    json.dumps(
        {
            "permanentOn": set_cookie("/permanent/on"),
            "permanentOff": set_cookie("/permanent/off"),
            "smallValue": small_value,
            "smallDecoded": decode(small_value),
            "cartValue": cart_value,
            "cartDecoded": decode(cart_value),
        }
    )
)
