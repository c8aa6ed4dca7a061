CREATE TABLE migrations_probe (id INTEGER PRIMARY KEY);
