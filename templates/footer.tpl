{{%AUTOESCAPE context="HTML"}}
</main>
<footer class="site">
  <form class="zone-form" method="get" action="{{CURRENT_PATH}}">
    <input type="hidden" name="back" value="{{CURRENT_URL}}">
    <label for="zone-select">Times are shown in</label>
    <select id="zone-select" name="{{ZONE_PARAM}}">
{{ZONE_OPTIONS:none}}    </select>
    <button type="submit">Change time zone</button>
  </form>
{{#HAS_FEEDS}}  <p class="feeds">Subscribe: {{#FEED_LINK}}<a href="{{FEED_HREF}}">{{FEED_TITLE}}</a>{{#FEED_LINK_separator}} · {{/FEED_LINK_separator}}{{/FEED_LINK}}</p>
{{/HAS_FEEDS}}  <p>{{SITE_TITLE}} works without JavaScript.{{#SIGN_IN}} <a class="sign-in" href="{{SIGN_IN_URL}}">Operator sign-in</a>{{/SIGN_IN}}</p>
</footer>
</body>
</html>
