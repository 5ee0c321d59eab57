"""The baseline agents' solver: one execute_code step of an offline agent.

An agent's step writes this package into its workspace (see agents/baselines/solver-code.ts),
then calls `arena_solvers.step.run(CONFIG)` with the task's public facts and the step's recipe:
a model family, the feature skills it may use, parameters, and a tag under which its test
predictions are kept for a later ensemble step. Each step prints one `ARENA_RESULT {json}` line.
"""
