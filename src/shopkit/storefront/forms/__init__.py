"""The storefront's forms, one module per area. They only shape and redisplay
input: the rules live in the services."""
