"""Personas: three from the guide's success stories (as they were before their move) and our own,
each with what a human career adviser would tell them."""

from __future__ import annotations

from typing import Any, NamedTuple


class Persona(NamedTuple):
    name: str
    answers: dict[str, Any]
    top: str
    level: str
    phase: int


PERSONAS = [
    Persona(
        # Guide, story 1: four years of web development, a year of ML study and practice at work.
        "web developer to ML engineer",
        {
            "background": "web_engineer",
            "years_experience": 4,
            "ml_years": 1,
            "skills": ["Python", "Git", "software engineering", "NumPy", "pandas", "Scikit-learn",
                       "machine learning basics", "Kaggle", "PyTorch", "SQL", "Docker"],
            "interests": ["ml_infrastructure"],
            "industries": ["web_tech"],
            "weekly_hours": 10,
        },
        "mlops", "mid", 2,
    ),
    Persona(
        # Guide, story 2: an associate professor with ten years of machine-learning research.
        "university researcher to CTO",
        {
            "background": "researcher",
            "years_experience": 10,
            "ml_years": 10,
            "skills": ["Python", "PyTorch", "deep learning basics", "Transformer", "BERT", "GPT", "T5",
                       "LLM fundamentals", "fine-tuning", "instruction tuning", "NLP", "Hugging Face Transformers",
                       "prompt engineering", "few-shot learning", "chain of thought", "probability_statistics",
                       "linear algebra", "optimization theory", "research publication", "scikit-learn", "CLIP",
                       "multimodal AI", "LoRA", "PEFT"],
            "interests": ["research", "llm_apps"],
            "weekly_hours": 5,
            "target_salary": 1800,
        },
        "genai_llm", "senior", 3,
    ),
    Persona(
        # Guide, story 3: six years in financial sales, university maths, no programming yet.
        "finance sales to data scientist",
        {
            "background": "non_it",
            "years_experience": 6,
            "ml_years": 0,
            "skills": ["確率統計", "domain knowledge"],
            "interests": ["data_analysis"],
            "industries": ["finance", "consulting"],
            "weekly_hours": 15,
            "target_salary": 750,
        },
        "data_scientist", "beginner", 1,
    ),
    Persona(
        "student who likes images",
        {
            "background": "student",
            "years_experience": 0,
            "ml_years": 0,
            "skills": ["python", "numpy"],
            "interests": ["vision"],
            "weekly_hours": 20,
        },
        "computer_vision", "beginner", 1,
    ),
    Persona(
        "infrastructure engineer new to ML",
        {
            "background": "infra_engineer",
            "years_experience": 8,
            "ml_years": 0,
            "skills": ["python", "docker", "kubernetes", "helm", "prometheus", "grafana", "cloud computing basics",
                       "git", "kafka", "redis"],
            "interests": ["ml_infrastructure"],
            "industries": ["any"],
        },
        "mlops", "beginner", 1,
    ),
    Persona(
        "data analyst moving into data science",
        {
            "background": "data_analyst",
            "years_experience": 5,
            "ml_years": 2,
            "skills": ["python", "pandas", "numpy", "sql", "tableau", "matplotlib", "seaborn", "statistical testing",
                       "A/B testing", "scikit-learn", "machine learning basics", "probability_statistics",
                       "linear regression", "logistic regression", "data visualization", "EDA", "git"],
            "interests": ["data_analysis"],
            "industries": ["retail"],
        },
        "data_scientist", "mid", 3,
    ),
    Persona(
        "ML engineer who runs models in production",
        {
            "background": "ml_engineer",
            "years_experience": 6,
            "ml_years": 6,
            "skills": ["python", "pytorch", "scikit-learn", "docker", "kubernetes", "mlflow", "airflow",
                       "model serving", "model monitoring", "cloud computing basics", "SageMaker", "FastAPI",
                       "experiment tracking", "git", "sql", "machine learning basics", "pandas", "numpy",
                       "probability_statistics", "linear algebra", "data drift monitoring", "deployment automation"],
            "interests": ["ml_infrastructure", "llm_apps"],
            "industries": ["finance"],
        },
        "mlops", "mid", 3,
    ),
    Persona(
        "web developer trying LLM apps",
        {
            "background": "web_engineer",
            "years_experience": 3,
            "ml_years": 0,
            "skills": ["python", "git", "FastAPI", "LLM API", "prompt engineering"],
            "interests": ["llm_apps"],
            "industries": ["web_tech"],
            "weekly_hours": 6,
        },
        "genai_llm", "beginner", 1,
    ),
    Persona(
        "senior data scientist",
        {
            "background": "ml_engineer",
            "years_experience": 12,
            "ml_years": 9,
            "skills": ["python", "R", "sql", "pandas", "numpy", "scikit-learn", "xgboost", "lightgbm",
                       "causal inference", "A/B testing", "statistical testing", "time series analysis",
                       "probability_statistics", "linear algebra", "optimization theory", "matplotlib", "plotly",
                       "machine learning basics", "polars", "prophet", "tableau", "seaborn", "catboost",
                       "anomaly detection", "data visualization", "eda", "git"],
            "interests": ["data_analysis"],
            "industries": ["consulting"],
        },
        "data_scientist", "senior", 3,
    ),
]  # fmt: skip
