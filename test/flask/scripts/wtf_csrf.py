"""Flask-WTF's CSRFProtect on a logout POST: its default methods, and the two 400s that lessons
must warn about (an expired token, and a missing Referer over HTTPS).

Prints JSON observations for test/flask/flask-facts.test.ts.
"""

import json
import logging
import re

import itsdangerous
from flask import Flask, redirect, render_template_string
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.secret_key = b"wtf-secret"
logging.getLogger("werkzeug").disabled = True
csrf = CSRFProtect(app)

FORM = '<form method="post" action="/logout"><input name="csrf_token" value="{{ csrf_token() }}"></form>'


@app.get("/dashboard")
def dashboard():
    return render_template_string(FORM)


@app.route("/logout", methods=["POST", "DELETE"])
def logout():
    return redirect("/", code=303)


def token_from(client, **kwargs):
    page = client.get("/dashboard", **kwargs).get_data(as_text=True)
    return re.search(r'value="([^"]+)"', page).group(1)


def reason(response):
    found = re.search(r"<p>(.*)</p>", response.get_data(as_text=True))
    return found.group(1) if found else None


http = app.test_client()
fresh = token_from(http)
with_token = http.post("/logout", data={"csrf_token": fresh})
without_token = http.post("/logout")
delete_without_token = http.delete("/logout")

# The token is an itsdangerous timestamped signature. Let the clock run past the default limit
# (WTF_CSRF_TIME_LIMIT = 3600 s) before the same, otherwise valid, token comes back.
stale_client = app.test_client()
stale = token_from(stale_client)
real_timestamp = itsdangerous.TimestampSigner.get_timestamp
itsdangerous.TimestampSigner.get_timestamp = lambda self: real_timestamp(self) + 3601
expired = stale_client.post("/logout", data={"csrf_token": stale})
# With no time limit the token lives as long as the session, which is what a logout form needs.
app.config["WTF_CSRF_TIME_LIMIT"] = None
expired_no_limit = stale_client.post("/logout", data={"csrf_token": stale})
app.config["WTF_CSRF_TIME_LIMIT"] = 3600
itsdangerous.TimestampSigner.get_timestamp = real_timestamp

https = app.test_client()
secure_token = token_from(https, base_url="https://localhost")
https_no_referer = https.post("/logout", base_url="https://localhost", data={"csrf_token": secure_token})
https_referer = https.post(
    "/logout",
    base_url="https://localhost",
    data={"csrf_token": secure_token},
    headers={"Referer": "https://localhost/dashboard"},
)

print(
    json.dumps(
        {
            "methods": sorted(app.config["WTF_CSRF_METHODS"]),
            "timeLimit": app.config["WTF_CSRF_TIME_LIMIT"],
            "sslStrict": app.config["WTF_CSRF_SSL_STRICT"],
            "withToken": with_token.status_code,
            "withoutToken": without_token.status_code,
            "deleteWithoutToken": delete_without_token.status_code,
            "expired": expired.status_code,
            "expiredReason": reason(expired),
            "expiredWithoutTimeLimit": expired_no_limit.status_code,
            "httpsNoReferer": https_no_referer.status_code,
            "httpsNoRefererReason": reason(https_no_referer),
            "httpsWithReferer": https_referer.status_code,
        }
    )
)
