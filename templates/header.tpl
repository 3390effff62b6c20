{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{PAGE_TITLE}} · {{SITE_TITLE}}</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">
{{#FEED_LINK}}<link rel="alternate" type="{{FEED_TYPE}}" title="{{FEED_TITLE}}" href="{{FEED_HREF}}">
{{/FEED_LINK}}</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <a class="brand" href="/">{{SITE_TITLE}}</a>
  <nav aria-label="Site">
    <ul>
{{#NAV_ITEM}}      <li><a href="{{NAV_HREF}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_LABEL}}</a></li>
{{/NAV_ITEM}}    </ul>
  </nav>
{{#OPERATOR}}  <div class="operator">
    <span class="operator-name">Signed in as {{OPERATOR_NAME}}</span>
    <a class="operator-action" href="/incidents">Open incident</a>
    <a class="operator-action" href="/subscriptions">Subscriptions</a>
    <a class="operator-action" href="/audit">Audit log</a>
    <form class="sign-out" method="post" action="/logout">
      <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
      <button type="submit">Sign out</button>
    </form>
  </div>
{{/OPERATOR}}</header>
<main id="main">
