"""Optional integrations with third parties (payment, SMS, storage, login)."""
