"""French data files of the analysis layer, read once with :mod:`importlib.resources`.

* ``reporting_verbs.txt`` - verbes de parole et d'opinion (quote cues), with flags;
* ``roles.txt`` - role head nouns ("porte-parole", "premier ministre") for appositions;
* ``aliases.tsv`` - transliteration variants and types ("Kyiv" / "Kiev", "OTAN" / "Otan");
* ``entity_stoplist.txt`` - strings the NER model wrongly tags (web debris, determiners);
* ``first_names.tsv`` - first names and their gender, for pronoun agreement;
* ``calendar.toml`` - weekday and month names;
* ``numbers.toml`` - number words, approximate nouns ("cinquantaine"), modifiers.

All are meant to be edited: the code holds no word list that belongs here.
"""
