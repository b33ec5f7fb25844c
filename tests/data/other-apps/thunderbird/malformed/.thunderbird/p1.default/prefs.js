user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.account.account1.server", "server1"
this line is garbage
