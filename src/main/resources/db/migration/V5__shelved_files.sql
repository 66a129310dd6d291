-- A large submission file of the embedded database is kept as a file of its own beside it: its row names
-- that file here and holds no bytes. NULL where the bytes are in the row (every file on PostgreSQL).
ALTER TABLE submission_files ADD COLUMN content_file VARCHAR(100);
