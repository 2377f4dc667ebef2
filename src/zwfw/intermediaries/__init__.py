"""中介服务网上超市: agencies, practitioners, listings, selection, contracts, ratings, credit, 乱收费 checks."""
