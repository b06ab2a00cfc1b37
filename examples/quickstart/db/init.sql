-- Runs once, as the app role in the app database, when the data volume is first initialised.
CREATE TABLE notes (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    text       text        NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO notes (text) VALUES
    ('Hello from Testbed: this stack runs as its own isolated set.'),
    ('Try: curl -X POST -H ''Content-Type: application/json'' -d ''{"text":"hi"}'' http://<web>:8080/api/notes'),
    ('Bring up a second set side by side: testbed up demo2 -f examples/quickstart/compose.yaml');
