"""Built-in validators: one plugin per layer, written exactly like an installed plugin's.

- `schema_layer`: the canonical data against the published JSON Schema;
- `references`: unknown and mistyped ids, repeated ids (also across files), parent cycles;
- `domain`: rules of the program's domain (assignments, member states, symbols, dates);
- `completeness`: declared against recorded counts, languages, official wording;
- `identifiers`: invisible, bidi-control, control and mixed-script characters.

`engine` runs them (and any installed validator) through the plugin host.
"""
