{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>{{SELF_URL}}</id>
<title>{{TITLE}}</title>
<subtitle>{{SUBTITLE}}</subtitle>
<updated>{{UPDATED}}</updated>
<link rel="self" type="application/atom+xml" href="{{SELF_URL}}"/>
<link rel="alternate" type="text/html" href="{{HOME_URL}}"/>
<author><name>{{AUTHOR}}</name></author>
{{#ENTRY}}<entry>
<id>{{ENTRY_URL}}</id>
<title type="text">{{ENTRY_TITLE}}</title>
<link rel="alternate" type="text/html" href="{{ENTRY_URL}}"/>
<category term="{{ENTRY_CATEGORY}}" label="{{ENTRY_CATEGORY_LABEL}}"/>
<published>{{ENTRY_PUBLISHED}}</published>
<updated>{{ENTRY_UPDATED}}</updated>
<content type="html">{{ENTRY_HTML}}</content>
</entry>
{{/ENTRY}}</feed>
