package io.trainfree.train;

/**
 * Cosine annealing stepped once per epoch, {@code torch.optim.lr_scheduler.CosineAnnealingLR} in closed form: epoch
 * {@code e} of a horizon of {@code epochs} trains at {@code minLr + (baseLr - minLr) (1 + cos(pi e / epochs)) / 2}. The
 * horizon is the planned one: FEAR's stage 1 plans 200 epochs and stops early, so it never reaches the small rates.
 *
 * @param baseLr the rate of epoch 0
 * @param epochs the horizon, &gt;= 1
 * @param minLr  the rate at the horizon (NB201: 0)
 */
public record CosineSchedule(double baseLr, int epochs, double minLr) {
    public CosineSchedule {
        if (!(baseLr > 0) || epochs < 1 || !(minLr >= 0 && minLr <= baseLr)) {
            throw new IllegalArgumentException("a cosine schedule needs base rate > 0, a horizon >= 1 epoch and "
                    + "0 <= minimum <= base; got " + baseLr + ", " + epochs + ", " + minLr);
        }
    }

    /** The rate of epoch {@code epoch} (0-based; past the horizon the cosine goes on, as PyTorch's does). */
    public double lr(int epoch) {
        return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    }
}
