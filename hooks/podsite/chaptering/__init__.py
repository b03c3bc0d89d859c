"""How derived chapters are made, one module per concern (`podsite.chapterize` is the entry point).

- `markup`: show-notes Markdown as plain text and links;
- `titles`: chapter titles from note lines, URLs and sponsor lines;
- `notes`: the topics, sponsor, Extras and Joke the show notes name (`parse_notes`);
- `words`: content words and the terms that identify a note item;
- `speech`: the transcript as units of speech with their words and cue phrases
  (hand-overs, announcements, Extras, Joke, sponsor reads);
- `placement`: where the conversation turns to each item (`place_items`).
"""
