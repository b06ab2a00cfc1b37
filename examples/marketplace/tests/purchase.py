"""Purchase flows, run by the tests in a container on the set's network, through nginx (web):

  purchase.py api     search, then POST /api/orders, then GET /api/orders/<id>
  purchase.py buyer   as a browser: search page, add to basket, basket, checkout; then the
                      supplier signs in and finds the order on its dashboard

Prints each step; the last line says "ok", or the script exits 1 with what was wrong.
"""
import http.cookiejar
import json
import re
import sys
import urllib.parse
import urllib.request
from decimal import Decimal

WEB = "http://web"


def fail(message):
    print(f"FAILED: {message}")
    sys.exit(1)


class Browser:
    """Keeps cookies (the session) and follows redirects, as a browser does."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, method, path, form=None, body=None):
        data, headers = None, {}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(WEB + path, data=data, method=method, headers=headers)
        with self.opener.open(req, timeout=15) as res:
            return res.status, res.read().decode()

    def json(self, method, path, body=None):
        status, text = self.request(method, path, body=body)
        return status, json.loads(text)


def first_hit(b, query):
    status, found = b.json("GET", "/api/services/search?" + urllib.parse.urlencode({"q": query}))
    if status != 200 or not found["results"]:
        fail(f"search for {query!r} found nothing: {found}")
    hit = found["results"][0]
    print(f"search {query!r}: {found['total']} results, first: service {hit['id']} {hit['title']!r} at £{hit['price']}")
    return hit


def through_api():
    b = Browser()
    hit = first_hit(b, "backup")
    status, order = b.json("POST", "/api/orders", {"service_id": hit["id"], "quantity": 3, "buyer_email": "buyer@example.gov.uk"})
    if status != 201:
        fail(f"POST /api/orders answered {status}: {order}")
    print(f"order {order['id']} placed: {order['quantity']} x service {order['service_id']}, total £{order['total']}")
    status, again = b.json("GET", f"/api/orders/{order['id']}")
    if again["service_id"] != hit["id"] or again["quantity"] != 3 or again["status"] != "placed":
        fail(f"order {order['id']} reads back as {again}")
    if Decimal(again["total"]) != Decimal(hit["price"]) * 3:
        fail(f"order total £{again['total']} is not 3 x £{hit['price']}")
    status, orders = b.json("GET", f"/api/suppliers/{hit['supplier_id']}/orders")
    if order["id"] not in [o["id"] for o in orders["results"]]:
        fail(f"supplier {hit['supplier_id']}'s orders do not list order {order['id']}")
    print("purchase through the API: ok")


def through_buyer():
    buyer = Browser()
    status, page = buyer.request("GET", "/search?q=payroll")
    ids = re.findall(r'href="/services/(\d+)"', page)
    if status != 200 or not ids:
        fail("the search page lists no services for 'payroll'")
    service_id = int(ids[0])
    print(f"search page 'payroll': first result is service {service_id}")
    _, service = buyer.json("GET", f"/api/services/{service_id}")

    status, page = buyer.request("POST", "/basket", form={"service_id": service_id, "quantity": 2})
    if "Your basket" not in page or service["title"] not in page:
        fail(f"after adding service {service_id}, the basket page does not show it")
    print(f"basket holds 2 x {service['title']!r}")

    status, page = buyer.request("POST", "/checkout", form={"buyer_email": "buyer@example.gov.uk"})
    placed = re.findall(r'<span class="order-id">(\d+)</span>', page)
    if "Order placed" not in page or not placed:
        fail("checkout did not place an order")
    order_id = int(placed[0])
    print(f"checkout placed order {order_id}")
    status, page = buyer.request("GET", "/basket")
    if "Your basket is empty" not in page:
        fail("the basket is not empty after checkout")

    supplier = Browser()
    status, page = supplier.request("POST", "/suppliers/sign-in", form={"supplier_id": service["supplier_id"]})
    if f"<td>{order_id}</td>" not in page:
        fail(f"supplier {service['supplier_id']}'s dashboard does not list order {order_id}")
    print(f"supplier {service['supplier_id']} ({service['supplier_name']}) sees order {order_id}")
    print("purchase through the buyers' front end: ok")


if __name__ == "__main__":
    {"api": through_api, "buyer": through_buyer}[sys.argv[1]]()
