"""The suppliers' front end, under /suppliers/: sign in as a supplier (kept in the session, in
redis), see your services and the orders buyers placed for them, publish a new service.

GET  /suppliers/             sign-in page
POST /suppliers/sign-in      form: supplier_id (a development stand-in for a real sign-in)
GET  /suppliers/dashboard    the signed-in supplier's services and orders
POST /suppliers/services     publish a service (form: lot, title, summary, description, price, price_unit)
POST /suppliers/sign-out
GET  /health                 200 when the app and redis answer
"""
from flask import abort, flash, redirect, render_template, request, session, url_for

from common.web import ApiError, api, create_app

app = create_app("supplier", url_prefix="/suppliers")


@app.get("/suppliers/")
def index():
    if "supplier_id" in session:
        return redirect(url_for("dashboard"))
    return render_template("sign-in.html")


@app.post("/suppliers/sign-in")
def sign_in():
    try:
        supplier_id = int(request.form["supplier_id"])
        api("GET", f"/suppliers/{supplier_id}")
    except (KeyError, ValueError):
        abort(400)
    except ApiError as err:
        if err.status != 404:
            raise
        flash(f"There is no supplier {request.form['supplier_id']}.")
        return redirect(url_for("index"), 303)
    session["supplier_id"] = supplier_id
    return redirect(url_for("dashboard"), 303)


@app.post("/suppliers/sign-out")
def sign_out():
    session.pop("supplier_id", None)
    return redirect(url_for("index"), 303)


@app.get("/suppliers/dashboard")
def dashboard():
    supplier_id = session.get("supplier_id")
    if supplier_id is None:
        return redirect(url_for("index"))
    return render_template(
        "dashboard.html",
        supplier=api("GET", f"/suppliers/{supplier_id}"),
        services=api("GET", f"/suppliers/{supplier_id}/services")["results"],
        orders=api("GET", f"/suppliers/{supplier_id}/orders")["results"],
    )


@app.post("/suppliers/services")
def publish():
    supplier_id = session.get("supplier_id")
    if supplier_id is None:
        return redirect(url_for("index"), 303)
    form = {k: request.form.get(k, "").strip() for k in ("lot", "title", "summary", "description", "price", "price_unit")}
    try:
        created = api("POST", "/services", {**form, "supplier_id": supplier_id})
    except ApiError as err:
        if err.status != 400:
            raise
        flash(err.body.get("error", "The service was refused."))
        return redirect(url_for("dashboard"), 303)
    flash(f"Published service {created['id']}: {created['title']}.")
    return redirect(url_for("dashboard"), 303)
