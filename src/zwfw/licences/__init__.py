"""The licences app (电子证照): e-licence types, holdings (the wallet), issuance, verification."""
