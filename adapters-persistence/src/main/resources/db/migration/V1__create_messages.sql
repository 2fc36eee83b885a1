-- The tutorial's table. AUTOINCREMENT is deliberate: without it SQLite may reuse the id of a deleted newest row,
-- and a client whose cursor points at that id would skip the new message. With it, ids never repeat.
-- client_offset is UNIQUE so that a client's retry is recognised; NULL (the tutorial's step-7 client) may repeat.
CREATE TABLE messages (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    client_offset TEXT UNIQUE,
    content       TEXT NOT NULL
);
