"""Ratings: profiles (dated requirement sets), scores, grades and the compliant mark."""

from awscompat.ratings.profiles import Profile, ProfileError, list_profiles, load_profile
from awscompat.ratings.score import Score, grade_for, score_results, score_run

__all__ = ["Profile", "ProfileError", "Score", "grade_for", "list_profiles", "load_profile", "score_results",
           "score_run"]
