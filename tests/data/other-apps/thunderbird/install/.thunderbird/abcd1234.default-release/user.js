// user.js wins over prefs.js at every start
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.socketType", 3);
