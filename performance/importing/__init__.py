"""The parts of the observations import (`performance.importer` puts them together).

- `limits`: how much a file may hold (the upload page has limits; the command line has none);
- `readers`: rows from a CSV or XLSX file, streamed, as a person sees them in Excel;
- `cells`: one cell as a number or a date, refusing what could mean two things;
- `validation`: the header (under an optional title) and each row, with every problem by row and column;
- `colours`: which periods change colour (through a value or a target) before anything is written.
"""
