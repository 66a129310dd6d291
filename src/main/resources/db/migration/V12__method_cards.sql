-- Each submission's method card (SPEC "Method cards"): the checked fields as a JSON object, null where none was given.
-- Its size is bounded by the form: only the form's fields are kept, a text at most 2,000 characters.
ALTER TABLE submissions ADD COLUMN method_card VARCHAR(1000000);
