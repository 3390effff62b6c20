{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<section class="sign-out-page">
  <h1>Sign out</h1>
{{#SIGNED_IN}}  <p>You are signed in as {{OPERATOR_NAME}}. Signing out ends this session on this browser.</p>
  <form class="sign-out-confirm" method="post" action="/logout">
    <input type="hidden" name="{{CSRF_FIELD}}" value="{{CSRF_TOKEN}}">
    <button type="submit">Sign out</button>
  </form>
{{/SIGNED_IN}}{{#SIGNED_OUT}}  <p>You are not signed in.</p>
{{/SIGNED_OUT}}  <p><a href="/">Back to the status board</a></p>
</section>
{{>FOOTER}}
