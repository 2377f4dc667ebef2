"""惠企政策直达快享: policies as rules, enterprise profiles, batch matching, 免申即享, 申兑."""
