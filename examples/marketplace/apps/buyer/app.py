"""The buyers' front end: search the catalogue, look at a service, put it in a basket (kept in
the session, in redis), and buy what is in the basket (orders placed through the API).

GET  /                   home: search box, the lots and how many services each has
GET  /search?q=&lot=     search results (the API's full-text search)
GET  /services/<id>      one service
POST /basket             add a service (form: service_id, quantity)
GET  /basket             what is in the basket
POST /checkout           place an order per basket line (form: buyer_email)
GET  /health             200 when the app and redis answer
"""
from flask import abort, flash, redirect, render_template, request, session, url_for

from common.web import ApiError, api, create_app

app = create_app("buyer")


@app.get("/")
def home():
    return render_template("home.html", stats=api("GET", "/stats"))


@app.get("/search")
def search():
    q = request.args.get("q", "").strip()
    lot = request.args.get("lot", "")
    page = request.args.get("page", "1")
    if not q:
        return redirect(url_for("home"))
    params = {"q": q, "page": page, **({"lot": lot} if lot else {})}
    try:
        found = api("GET", "/services/search", params=params)
    except ApiError as err:
        if err.status not in (400, 503):
            raise
        return render_template("search.html", q=q, lot=lot, found=None, problem=err.body.get("error")), err.status
    return render_template("search.html", q=q, lot=lot, found=found, problem=None)


@app.get("/services/<int:service_id>")
def service(service_id):
    try:
        item = api("GET", f"/services/{service_id}")
    except ApiError as err:
        if err.status == 404:
            abort(404)
        raise
    return render_template("service.html", service=item)


def basket():
    return session.setdefault("basket", [])


@app.post("/basket")
def add_to_basket():
    try:
        service_id = int(request.form["service_id"])
        quantity = int(request.form.get("quantity", "1"))
    except (KeyError, ValueError):
        abort(400)
    if not 1 <= quantity <= 100_000:
        abort(400)
    item = api("GET", f"/services/{service_id}")
    basket().append({"service_id": service_id, "title": item["title"], "quantity": quantity,
                     "price": item["price"], "price_unit": item["price_unit"]})
    session.modified = True
    flash(f"Added {item['title']} to your basket.")
    return redirect(url_for("show_basket"), 303)


@app.get("/basket")
def show_basket():
    return render_template("basket.html", items=basket())


@app.post("/checkout")
def checkout():
    email = request.form.get("buyer_email", "").strip()
    items = basket()
    if not items:
        flash("Your basket is empty.")
        return redirect(url_for("show_basket"), 303)
    orders = []
    try:
        for line in items:
            orders.append(api("POST", "/orders", {"service_id": line["service_id"], "quantity": line["quantity"], "buyer_email": email}))
    except ApiError as err:
        if err.status != 400:
            raise
        flash(err.body.get("error", "The order was refused."))
        return redirect(url_for("show_basket"), 303)
    session["basket"] = []
    return render_template("ordered.html", orders=orders)
