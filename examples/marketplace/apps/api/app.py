"""The marketplace's API: the catalogue, its search, suppliers and orders, as JSON.

GET  /health                         200 when the database answers
GET  /stats                          services per lot, suppliers, whether search is ready
GET  /services/search?q=&lot=&page=  full-text search of the catalogue (the search index)
GET  /services/<id>                  one service, with its supplier
POST /services                       a supplier publishes a service (indexed at once)
GET  /suppliers/<id>                 one supplier, with counts
GET  /suppliers/<id>/services        its services, newest first
GET  /suppliers/<id>/orders          orders for its services, newest first
POST /orders                         {"service_id", "quantity", "buyer_email"}: a purchase
GET  /orders/<id>                    one order
"""
import re

import psycopg2
from flask import Flask, jsonify, request

from common.db import cursor

app = Flask(__name__)
app.json.sort_keys = False

LOTS = ("cloud-hosting", "cloud-software", "cloud-support")
PER_PAGE = 20
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")

SERVICE_COLUMNS = """
    s.id, s.lot::text AS lot, s.title, s.summary, s.description, s.price::text AS price, s.price_unit,
    s.supplier_id, p.name AS supplier_name, s.created_at
"""
ORDER_COLUMNS = """o.id, o.service_id, s.title AS service_title, o.supplier_id, o.buyer_email, o.quantity,
                   o.unit_price::text AS unit_price, o.total::text AS total, o.status, o.created_at"""
SERVICE_BY_ID = f"SELECT {SERVICE_COLUMNS} FROM services s JOIN suppliers p ON p.id = s.supplier_id WHERE s.id = %s"
ORDER_BY_ID = f"SELECT {ORDER_COLUMNS} FROM orders o JOIN services s ON s.id = o.service_id WHERE o.id = %s"


def error(status, message):
    return jsonify(error=message), status


def one_or_404(sql, key, what):
    """The one row `sql` finds for `key`, as JSON, or a 404 naming what is missing."""
    with cursor() as cur:
        cur.execute(sql, (key,))
        row = cur.fetchone()
    return jsonify(row) if row else error(404, f"no {what} {key}")


@app.errorhandler(psycopg2.OperationalError)
def database_unavailable(err):
    app.logger.warning("database unavailable: %s", str(err).strip())
    return error(503, "database unavailable")


@app.get("/health")
def health():
    with cursor() as cur:
        cur.execute("SELECT 1")
    return "ok\n", 200, {"Content-Type": "text/plain"}


@app.get("/stats")
def stats():
    with cursor() as cur:
        cur.execute("SELECT lot::text AS lot, count(*) AS services FROM services GROUP BY lot ORDER BY lot")
        lots = {row["lot"]: row["services"] for row in cur.fetchall()}
        cur.execute("SELECT count(*) AS n FROM suppliers")
        suppliers = cur.fetchone()["n"]
        cur.execute("SELECT to_regclass('search_index') IS NOT NULL AS ready")
        search_ready = cur.fetchone()["ready"]
    return jsonify(services=sum(lots.values()), lots=lots, suppliers=suppliers, search_ready=search_ready)


@app.get("/services/search")
def search():
    q = request.args.get("q", "").strip()
    lot = request.args.get("lot") or None
    page = request.args.get("page", "1")
    if not q or len(q) > 200:
        return error(400, "give a search text of 1 to 200 characters: ?q=...")
    if lot is not None and lot not in LOTS:
        return error(400, f"lot must be one of {', '.join(LOTS)}")
    if not page.isdigit() or not 1 <= int(page) <= 500:
        return error(400, "page must be a number from 1 to 500")
    offset = (int(page) - 1) * PER_PAGE
    try:
        with cursor() as cur:
            # websearch_to_tsquery reads what people type: words, "quoted phrases", -not, or.
            cur.execute(
                f"""
                WITH hits AS (
                    SELECT i.service_id, ts_rank(i.document, q) AS rank
                    FROM search_index i JOIN services s ON s.id = i.service_id,
                         websearch_to_tsquery('english', %(q)s) AS q
                    WHERE i.document @@ q AND (%(lot)s::lot IS NULL OR s.lot = %(lot)s::lot)
                )
                SELECT (SELECT count(*) FROM hits) AS total, {SERVICE_COLUMNS}, h.rank
                FROM (SELECT * FROM hits ORDER BY rank DESC, service_id LIMIT {PER_PAGE} OFFSET %(offset)s) h
                JOIN services s ON s.id = h.service_id JOIN suppliers p ON p.id = s.supplier_id
                ORDER BY h.rank DESC, s.id
                """,
                {"q": q, "lot": lot, "offset": offset},
            )
            rows = cur.fetchall()
            if not rows:
                cur.execute(
                    """SELECT count(*) AS total FROM search_index i JOIN services s ON s.id = i.service_id,
                              websearch_to_tsquery('english', %(q)s) AS q
                       WHERE i.document @@ q AND (%(lot)s::lot IS NULL OR s.lot = %(lot)s::lot)""",
                    {"q": q, "lot": lot},
                )
                total = cur.fetchone()["total"]
            else:
                total = rows[0]["total"]
    except psycopg2.errors.UndefinedTable:
        return error(503, "the search index is not built yet: it is made by the index job (testbed run <set> index)")
    results = [{k: v for k, v in r.items() if k not in ("total", "rank", "description")} for r in rows]
    return jsonify(query=q, lot=lot, page=int(page), per_page=PER_PAGE, total=total, results=results)


@app.get("/services/<int:service_id>")
def service(service_id):
    return one_or_404(SERVICE_BY_ID, service_id, "service")


@app.post("/services")
def publish_service():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "send a JSON object")
    fields = {k: body.get(k) for k in ("supplier_id", "lot", "title", "summary", "description", "price", "price_unit")}
    if not isinstance(fields["supplier_id"], int) or fields["lot"] not in LOTS:
        return error(400, f"supplier_id (a number) and lot ({', '.join(LOTS)}) are required")
    for key, limit in (("title", 200), ("summary", 500), ("description", 5000), ("price_unit", 100)):
        value = fields[key]
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            return error(400, f"{key} must be text of 1 to {limit} characters")
    try:
        price = float(fields["price"])
    except (TypeError, ValueError):
        return error(400, "price must be a number")
    if not 0 <= price < 100_000_000:
        return error(400, "price must be between 0 and 100,000,000")
    with cursor() as cur:
        cur.execute("SELECT 1 FROM suppliers WHERE id = %s", (fields["supplier_id"],))
        if not cur.fetchone():
            return error(404, f"no supplier {fields['supplier_id']}")
        cur.execute(
            """INSERT INTO services (supplier_id, lot, title, summary, description, price, price_unit)
               VALUES (%(supplier_id)s, %(lot)s, %(title)s, %(summary)s, %(description)s, %(price)s, %(price_unit)s)
               RETURNING id""",
            {**fields, "price": price},
        )
        new_id = cur.fetchone()["id"]
        # Indexed in the same transaction, as the index job does for the whole catalogue.
        cur.execute("SELECT to_regclass('search_index') IS NOT NULL AS ready")
        if cur.fetchone()["ready"]:
            cur.execute(
                """INSERT INTO search_index (service_id, document)
                   SELECT id, setweight(to_tsvector('english', title), 'A')
                           || setweight(to_tsvector('english', summary), 'B')
                           || setweight(to_tsvector('english', description), 'C')
                   FROM services WHERE id = %s""",
                (new_id,),
            )
        cur.execute(SERVICE_BY_ID, (new_id,))
        row = cur.fetchone()
    return jsonify(row), 201


@app.get("/suppliers/<int:supplier_id>")
def supplier(supplier_id):
    return one_or_404(
        """SELECT p.*, (SELECT count(*) FROM services WHERE supplier_id = p.id) AS services,
                  (SELECT count(*) FROM orders WHERE supplier_id = p.id) AS orders
           FROM suppliers p WHERE p.id = %s""",
        supplier_id,
        "supplier",
    )


@app.get("/suppliers/<int:supplier_id>/services")
def supplier_services(supplier_id):
    with cursor() as cur:
        cur.execute(
            f"""SELECT {SERVICE_COLUMNS} FROM services s JOIN suppliers p ON p.id = s.supplier_id
                WHERE s.supplier_id = %s ORDER BY s.created_at DESC, s.id DESC LIMIT 50""",
            (supplier_id,),
        )
        rows = cur.fetchall()
    return jsonify(results=rows)


@app.get("/suppliers/<int:supplier_id>/orders")
def supplier_orders(supplier_id):
    with cursor() as cur:
        cur.execute(
            f"""SELECT {ORDER_COLUMNS} FROM orders o JOIN services s ON s.id = o.service_id
                WHERE o.supplier_id = %s ORDER BY o.id DESC LIMIT 50""",
            (supplier_id,),
        )
        rows = cur.fetchall()
    return jsonify(results=rows)


@app.post("/orders")
def place_order():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "send a JSON object")
    service_id, quantity, email = body.get("service_id"), body.get("quantity", 1), body.get("buyer_email")
    if not isinstance(service_id, int):
        return error(400, "service_id (a number) is required")
    if not isinstance(quantity, int) or not 1 <= quantity <= 100_000:
        return error(400, "quantity must be a whole number from 1 to 100,000")
    if not isinstance(email, str) or not EMAIL.match(email) or len(email) > 200:
        return error(400, "buyer_email must be an email address")
    with cursor() as cur:
        # The price is the catalogue's at the time of purchase, copied into the order.
        cur.execute(
            """INSERT INTO orders (service_id, supplier_id, buyer_email, quantity, unit_price, total)
               SELECT id, supplier_id, %(email)s, %(quantity)s, price, price * %(quantity)s FROM services WHERE id = %(service_id)s
               RETURNING id""",
            {"service_id": service_id, "quantity": quantity, "email": email},
        )
        row = cur.fetchone()
        if not row:
            return error(404, f"no service {service_id}")
        cur.execute(ORDER_BY_ID, (row["id"],))
        order = cur.fetchone()
    return jsonify(order), 201


@app.get("/orders/<int:order_id>")
def order(order_id):
    return one_or_404(ORDER_BY_ID, order_id, "order")
