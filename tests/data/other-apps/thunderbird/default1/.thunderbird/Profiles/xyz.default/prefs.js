# Mozilla User Preferences
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.identity.id1.useremail", "noah@example.org");
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.hostname", "old.example.org");
user_pref("mail.server.server1.realhostname", "imap.example.org");
user_pref("mail.server.server1.userName", "noah");
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.org");
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpserver.smtp1.port", 587);
