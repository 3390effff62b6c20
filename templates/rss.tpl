{{%AUTOESCAPE context="XML"}}<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>{{TITLE}}</title>
<link>{{HOME_URL}}</link>
<description>{{DESCRIPTION}}</description>
<atom:link href="{{SELF_URL}}" rel="self" type="application/rss+xml"/>
<language>en</language>
<lastBuildDate>{{UPDATED}}</lastBuildDate>
<docs>https://www.rssboard.org/rss-specification</docs>
{{#ITEM}}<item>
<title>{{ITEM_TITLE}}</title>
<link>{{ITEM_URL}}</link>
<guid isPermaLink="true">{{ITEM_URL}}</guid>
<category>{{ITEM_CATEGORY}}</category>
<pubDate>{{ITEM_DATE}}</pubDate>
<description>{{ITEM_HTML}}</description>
<content:encoded>{{ITEM_HTML}}</content:encoded>
</item>
{{/ITEM}}</channel>
</rss>
