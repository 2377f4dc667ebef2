"""好差评: ratings of cases, bundle applications and work orders; rectification; 办不成事 window; figures."""
