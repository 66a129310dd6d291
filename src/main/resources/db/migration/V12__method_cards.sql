-- Each submission's method card (SPEC "Method cards"): the checked fields as a JSON object, null where none was given.
ALTER TABLE submissions ADD COLUMN method_card VARCHAR(100000);
