{{%AUTOESCAPE context="HTML"}}
</main>
<footer class="site">
  <p>All times are in UTC. This page works without JavaScript.</p>
</footer>
</body>
</html>
