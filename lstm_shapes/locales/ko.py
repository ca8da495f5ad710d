"""한국어. 튜토리얼(seed)의 용어를 그대로 씁니다: 배치, 타임스텝, 윈도우 크기, 피처, 유닛, 은닉 상태, 셀 상태."""

from lstm_shapes.locales import Words

WORDS = Words(
    headings={
        "layer": "레이어",
        "tensor": "텐서",
        "shape": "shape",
        "axes": "각 축의 의미",
        "params": "파라미터",
        "why": "이유",
        "total": "합계",
        "computed": "Keras {keras} · {backend} {backend_version} · 실제 계산 장치 {device}",
        "input": "입력 {shape} float32, 균등분포 난수, 시드 {seed}",
        "predicted": "레이어 수식으로 예측한 값입니다 (--no-run): 실제로 계산하지 않았습니다",
        "predicted_note": "예측한 shape이며 실제로 관측한 값이 아닙니다. --no-run 없이 실행하면 Keras로 확인합니다.",
        "weights_title": "가중치",
        "weight": "가중치",
        "split": "각 축에 담긴 것",
        "formula": "파라미터 수",
        "explain_title": "shape 읽기",
        "compare_title": "같은 스택, {count}가지 설정",
        "refused": "만들 수 없음: {reason}",
        "absent": "—",
        "input_ids": "입력 {shape} int32 토큰 id, 시드 {seed}",
        "lengths": "길이 {lengths}, {padding} 패딩, 패딩 값 {pad}",
        "mask_rules": "{name}: {rule}; {h}",
    },
    axes={
        "batch": "배치",
        "time steps": "타임스텝",
        "features": "피처",
        "units": "유닛",
        "2 × units": "2 × 유닛",
        "filters": "필터",
        "head units": "헤드 유닛",
        "embedding dim": "임베딩 차원",
    },
    notes={
        "input_one": "샘플마다 타임스텝 {window}개, 스텝마다 피처 1개",
        "input_many": "샘플마다 타임스텝 {window}개, 스텝마다 피처 {features}개",
        "conv": "{formula}, 필터 {filters}개",
        "steps_valid_1": "{window} - {kernel} + 1 = {steps}",
        "steps_valid": "({window} - {kernel}) // {strides} + 1 = {steps}",
        "steps_padded_1": "입력과 같은 {steps}",
        "steps_padded": "ceil({window} / {strides}) = {steps}",
        "conv_valid_1": "{window} - {kernel} + 1 = 타임스텝 {steps}개",
        "conv_valid": "({window} - {kernel}) // {strides} + 1 = 타임스텝 {steps}개",
        "conv_padded_1": "{padding} 패딩이라 타임스텝 {steps}개 유지",
        "conv_padded": "{padding} 패딩: ceil({window} / {strides}) = 타임스텝 {steps}개",
        "sequences": "return_sequences=True: 타임스텝 {steps}개 각각에서 유닛 {units}개",
        "backwards": ", 마지막 스텝부터 거꾸로 읽은 순서 (go_backwards)",
        "last": "return_sequences=False: {below}의 타임스텝 {steps}개 중 마지막 스텝의 유닛 {units}개",
        "concat": "; 정방향과 역방향을 나란히 이어 붙임: 2 × {units} = {width}",
        "merged": "; 정방향과 역방향을 {merge:으로} 합침",
        "hidden_sequences": "마지막 스텝 뒤의 은닉 상태 = 출력의 마지막 스텝",
        "hidden_last": "마지막 스텝 뒤의 은닉 상태 = 출력",
        "cell": "마지막 스텝 뒤의 셀 상태 (LSTM의 기억)",
        "forward_output": "merge_mode none: 정방향의 출력",
        "backward_output": "merge_mode none: 역방향의 출력, 입력과 같은 순서로 정렬",
        "forward_hidden": "정방향 은닉 상태, 마지막 입력 스텝 뒤",
        "forward_cell": "정방향 셀 상태, 마지막 입력 스텝 뒤",
        "backward_hidden": "역방향 은닉 상태, 첫 스텝까지 거슬러 읽은 뒤",
        "backward_cell": "역방향 셀 상태, 첫 스텝까지 거슬러 읽은 뒤",
        "head_time_distributed": "타임스텝 {steps}개에 같은 Dense({inputs} → {units}) 하나를 똑같이 적용",
        "head_dense_3d": "Dense는 마지막 축에만 작용: 모든 스텝에서 {inputs} → {units}",
        "head_dense_2d": "Dense가 유닛 {inputs}개를 {units}개로 변환",
        "input_ids": "샘플마다 토큰 id {window}개, 0부터 {top}까지의 정수",
        "embedding": "id마다 {dim}차원 벡터 하나: {vocab} × {dim} 표의 한 행{mask}",
        "embedding_mask": "; id 0은 패딩이며 마스킹됩니다",
        "masking": "{features}개 피처가 모두 {value}인 스텝은 마스킹됩니다",
        "padded_repeat": "패딩 스텝은 마지막 유효 출력을 반복합니다(첫 유효 스텝 전은 0)",
        "padded_zeros": "패딩 스텝은 0입니다",
        "h_last_valid": "h = 마지막 열이 아니라 샘플마다 마지막 유효 스텝의 출력",
        "h_first_valid": "h = 샘플마다 첫 유효 스텝의 출력(거꾸로 읽음)",
    },
    paragraphs={
        "input": (
            "입력 x의 shape은 {shape}입니다. {batch:은} 배치 크기, 즉 한 번에 넣는 샘플 수이고, "
            "{window:은} 윈도우 크기, 즉 샘플 하나가 보는 타임스텝 수이며(일별 데이터라면 최근 {window}일치), "
            "{features:은} 스텝마다 들어 있는 피처 수입니다. 주가로 예를 들면 종가 하나만 보면 "
            "피처가 1이고, [종가, 시가, 고가]를 모두 보면 3이 됩니다. 배치 크기는 얼마나 묶어서 "
            "넣느냐에 따라 달라지는 값이라 크게 신경 쓰지 않아도 됩니다."
        ),
        "conv": (
            "conv1d는 길이 {kernel}인 커널을 stride {strides}, {padding} 패딩으로 시간 축을 따라 "
            "밀며 계산하므로 타임스텝이 {formula}개가 됩니다. 필터 {filters}개가 스텝마다 숫자를 하나씩 "
            "내므로, 위의 순환 레이어는 타임스텝 {steps}개 각각에서 피처 {filters}개를 받습니다."
        ),
        "sequences": (
            "{name}({kind})의 출력은 {shape}입니다: 샘플 {batch}개 × 타임스텝 {steps}개 × {width}. "
            "return_sequences=True이면 타임스텝 {steps}개 모두에서 출력을 돌려주기 때문에 시간 축이 "
            "남아 3차원 텐서가 됩니다."
        ),
        "stacked": (
            " 이 레이어는 반드시 시퀀스 전체를 돌려줘야 합니다. 바로 위의 {above}도 순환 레이어라서 "
            "시퀀스 전체를 한 스텝씩 읽기 때문입니다."
        ),
        "last": (
            "{name}({kind})의 출력은 {shape}입니다: 샘플 {batch}개 × {width}. "
            "return_sequences=False이면 타임스텝 {steps}개 중 마지막 스텝의 출력만 돌려주므로 "
            "시간 축이 사라지고 2차원 텐서가 됩니다. {batch:은} 배치 크기, {units:은} 레이어에 "
            "지정한 유닛 수입니다."
        ),
        "width_concat": (
            " 마지막 축이 2 × {units} = {width}인 이유는 Bidirectional이 시퀀스를 정방향과 역방향으로 "
            "한 번씩 읽고, 유닛 {units}개짜리 출력 두 개를 나란히 이어 붙이기 때문입니다 "
            "(merge_mode concat)."
        ),
        "width_merged": (
            " Bidirectional이 시퀀스를 양방향으로 읽은 뒤 유닛 {units}개짜리 출력 두 개를 {merge:으로} "
            "합치므로 마지막 축은 그대로 {units}입니다."
        ),
        "width_none": (
            " merge_mode none이면 두 방향을 합치지 않습니다. 정방향 출력과 역방향 출력이 각각 "
            "{shape}인 텐서 두 개로 따로 나옵니다."
        ),
        "backwards": (" go_backwards=True는 윈도우를 마지막 스텝부터 첫 스텝 쪽으로 거꾸로 읽습니다."),
        "backwards_sequence": " 출력 시퀀스도 그 읽은 순서대로 둡니다.",
        "checked": " (위 검사에서 확인했습니다)",
        "states_lstm": (
            "return_state=True이면 {name:은} 마지막 은닉 상태 h {state:과} 셀 상태 c {state}도 "
            "함께 돌려줍니다. 둘 다 샘플 {batch}개 × 유닛 {units}개입니다. h는 레이어가 마지막 "
            "스텝에서 내놓는 출력 그 자체입니다. 그래서 {relation}{checked}. c는 스텝에서 "
            "스텝으로 이어지는 LSTM 내부의 기억이라 출력으로는 나오지 않고, 크기는 h와 같습니다."
        ),
        "states_gru": (
            "return_state=True이면 {name:은} 마지막 은닉 상태 h {state}도 돌려줍니다: 샘플 "
            "{batch}개 × 유닛 {units}개. {kind}에는 따로 셀 상태가 없고 h가 기억의 전부이자 마지막 "
            "스텝의 출력입니다. 그래서 {relation}{checked}."
        ),
        "states_bidirectional": (
            "return_state=True이면 {name:은} 방향마다 마지막 상태를 합치지 않고 그대로 "
            "돌려줍니다: {states}. 정방향 상태는 마지막 입력 스텝 뒤의 값이고, 역방향 상태는 첫 "
            "스텝까지 거슬러 읽은 뒤의 값입니다."
        ),
        "width_value": "유닛 {width}개",
        "width_concat_value": "유닛 {width}개(2 × {units})",
        "relation_sequences": "output[:, -1, :]의 값이 h와 정확히 같습니다",
        "relation_last": "출력의 값이 h와 정확히 같습니다",
        "head_dense_3d": (
            "Dense 헤드는 마지막 축에만 작용합니다. 타임스텝 {steps}개 각각의 값 {inputs}개가 "
            "{units}개로 바뀌어 {before:이} {after:이} 되고, 시간 축은 그대로 남습니다. "
            "여기서는 {td:과} 동작이 똑같습니다. 3차원 입력에서는 둘의 "
            "shape도, 가중치 {params}개도 같습니다."
        ),
        "head_dense_2d": (
            "Dense 헤드가 샘플마다 값 {inputs}개를 {units}개로 바꿉니다: {before:이} {after:이} "
            "됩니다. 가중치 {inputs} × {units}개에 바이어스 {units}개를 더해 파라미터는 {params}개입니다."
        ),
        "head_time_distributed": (
            "{td:은} 가중치 {params}개를 공유하는 Dense 하나를 "
            "타임스텝 {steps}개에 똑같이 적용합니다: {before:이} {after:이} 됩니다. Dense는 "
            "원래 마지막 축에 작용하므로 그냥 {dense:을} 써도 여기서는 shape이 같습니다."
        ),
        "no_time_distributed": (
            "{name}의 출력 {shape}에는 시간 축이 없어서 TimeDistributed를 이어 붙일 수 없습니다. "
            "TimeDistributed는 나눠 적용할 스텝이 있어야 하므로 3차원 (배치, 타임스텝, 피처) "
            "입력이 필요합니다. 그냥 Dense를 쓰거나, return_sequences=True로 스텝을 남기세요."
        ),
        "params": "{name}의 파라미터는 {formula}개입니다: {explanation}",
        "params_lstm": (
            "게이트 4개(입력, 망각, 셀 후보, 출력)마다 입력 피처({features}개)에 대한 커널, 이전 "
            "h의 유닛({units}개)에 대한 순환 커널{bias}"
        ),
        "params_gru": (
            "게이트 3개(업데이트, 리셋, 후보)마다 입력 피처({features}개)에 대한 커널, 이전 h의 "
            "유닛({units}개)에 대한 순환 커널{bias}"
        ),
        "params_simple": (
            "유닛 {units}개마다 입력 피처({features}개)에 대한 커널, 이전 h의 유닛({units}개)에 "
            "대한 순환 커널{bias}"
        ),
        "bias_one": ", 그리고 바이어스가 있습니다.",
        "bias_two": ", 그리고 바이어스 두 개(reset_after: 입력용 하나, 순환용 하나)가 있습니다.",
        "bias_none": "이 있습니다. use_bias가 꺼져 있어 바이어스는 없습니다.",
        "bidirectional_params": " Bidirectional은 이런 가중치를 방향마다 한 벌씩, 모두 두 벌 가집니다.",
    },
    gates={
        "lstm": ("입력", "망각", "셀", "출력"),
        "gru": ("업데이트", "리셋", "후보"),
    },
    weights={
        "kernel": "입력 피처 × {gates}",
        "recurrent_kernel": "이전 h의 유닛 × {gates}",
        "bias": "{gates}",
        "bias_two": "[입력 바이어스, 순환 바이어스] × {gates}",
        "gates_split": "게이트 {count}개 × {units}: {names}",
        "no_gates": "유닛 {units}개",
        "conv_kernel": "커널 스텝 × 입력 피처 × 필터",
        "conv_bias": "필터마다 하나",
        "dense_kernel": "입력 × 유닛",
        "dense_bias": "유닛마다 하나",
    },
    errors={
        "whole_number": "정수여야 합니다. 입력값: {value!r}",
        "at_least": "{minimum} 이상이어야 합니다. 입력값: {value}",
        "true_or_false": "true 또는 false여야 합니다. 입력값: {value!r}",
        "number": "숫자여야 합니다. 입력값: {value!r}",
        "fraction": "0 이상 1 미만이어야 합니다. 입력값: {value}",
        "fraction_hint": "학습 중에 무작위로 0으로 만드는 유닛의 비율입니다. 예: 0.2",
        "unknown": "알 수 없는 값 {value!r}입니다. 쓸 수 있는 값: {valid}",
        "unknown_guess": "알 수 없는 값 {value!r}입니다. 혹시 {guess!r}인가요? 쓸 수 있는 값: {valid}",
        "matrix_only": "알 수 없는 값 {value!r}입니다. 쓸 수 있는 값: {valid}",
        "matrix_only_hint": (
            "{value!r} 초기화 함수는 2차원 행렬만 채울 수 있는데 바이어스는 1차원입니다. kernel_initializer나 "
            "recurrent_initializer에 쓰세요."
        ),
        "rank2_only": "알 수 없는 값 {value!r}입니다. 쓸 수 있는 값: {valid}",
        "rank2_only_hint": "orthogonal_regularizer는 2차원 텐서에만 쓸 수 있습니다. 여기서는 l1, l2, l1l2를 쓰세요.",
        "implementation": "1 또는 2여야 합니다. 입력값: {value!r}",
        "implementation_hint": "1은 게이트마다 작은 행렬 곱을 따로, 2는 모든 게이트를 한 번에 계산합니다.",
        "not_a_setting_of_the_cell": "{cell} 레이어에는 {setting} 설정이 없습니다. {cells:join:과 } 레이어에만 있습니다",
        "not_a_setting_of_the_cell_hint": "{setting} 설정을 빼거나, 이 설정이 있는 셀(cell = {owner})을 쓰세요.",
        "merge_without_bidirectional": "두 방향을 합치는 것은 양방향(bidirectional) 레이어뿐입니다",
        "merge_without_bidirectional_hint": "bidirectional(--bidirectional)을 켜거나 merge_mode를 빼세요.",
        "stateful_bidirectional_states": (
            "stateful인 Bidirectional 레이어는 상태를 함께 돌려줄 수 없습니다. Keras 3가 이 조합을 "
            "만들지 못합니다 (stateful과 return_state)"
        ),
        "stateful_bidirectional_states_hint": "stateful, return_state, bidirectional 중 하나를 끄세요.",
        "seed_limit": "2**32 = {limit}보다 작아야 합니다. 입력값: {value}",
        "no_layers": "순환 레이어가 적어도 하나 있어야 합니다",
        "kernel_too_long": (
            "길이 {kernel}인 커널이 윈도우 크기 {window}보다 길어서, valid 패딩으로는 Conv1D의 출력 "
            "스텝이 하나도 없습니다"
        ),
        "kernel_too_long_hint": "커널 길이를 {window} 이하로 하거나, same 또는 causal 패딩을 쓰세요.",
        "lower_layer_flat": (
            "{name:은} 2차원 (배치, 유닛) 출력을 내는데, 위의 {above:은} 3차원 (배치, 타임스텝, 피처) "
            "입력이 필요합니다"
        ),
        "lower_layer_flat_hint": (
            "{name}에 return_sequences = true를 설정하세요. 맨 위를 뺀 모든 레이어는 시퀀스 전체를 "
            "돌려줘야 합니다."
        ),
        "merge_none_under_layer": (
            "merge_mode none이면 {name:은} 출력을 두 개(정방향, 역방향) 내는데, 위의 {above:은} 텐서 "
            "하나만 받습니다"
        ),
        "merge_none_under_layer_hint": (
            "concat, sum, mul, ave 중 하나로 합치거나, 헤드 없이 맨 위 레이어로 두세요."
        ),
        "merge_none_under_head": (
            "merge_mode none이면 {name:은} 출력을 두 개(정방향, 역방향) 내는데, 헤드는 텐서 하나만 받습니다"
        ),
        "merge_none_under_head_hint": (
            "concat, sum, mul, ave 중 하나로 합치거나, 헤드 없이 맨 위 레이어로 두세요."
        ),
        "time_distributed_2d": (
            "TimeDistributed는 3차원 (배치, 타임스텝, 피처) 입력이 필요한데, {name:은} "
            "return_sequences가 꺼져 있어 2차원 (배치, 유닛) 출력을 냅니다"
        ),
        "time_distributed_2d_hint": (
            "시간 축을 남기려면 {name}에서 시퀀스 전체를 돌려주거나(--return-sequences), 2차원 출력에도 "
            "쓸 수 있는 Dense 헤드(--head dense)를 쓰세요."
        ),
        "conv_needs_filters": "Conv1D 앞단을 만드는 옵션인데, --conv-filters가 없습니다",
        "conv_needs_filters_hint": "--conv-filters N(예: 16)을 함께 주거나, --conv-* 옵션을 빼세요.",
        "compare_empty": "비교할 옵션을 하나 이상 적어 주세요",
        "compare_empty_hint": "비교할 수 있는 옵션: {valid}",
        "compare_unknown": "{flag!r} 옵션은 비교할 수 없습니다",
        "compare_unknown_hint": "비교할 수 있는 옵션: {valid}",
        "compare_twice": "{text!r}에 같은 옵션이 두 번 있습니다",
        "compare_twice_hint": "비교할 수 있는 옵션: {valid}",
        "compare_too_many": "옵션은 {most}개(스택 {stacks}개)까지 비교할 수 있습니다. 입력: {count}개",
        "compare_too_many_hint": "비교할 수 있는 옵션: {valid}",
        "all_refused": "모든 조합을 만들 수 없습니다: {reason}",
        "error": "오류",
        "vocab_too_small": "2 이상이어야 합니다(받은 값 {value}): id 0과 토큰이 적어도 하나 있어야 합니다",
        "vocab_too_small_hint": "어휘 크기는 0을 포함한 토큰 id의 개수입니다. 2 이상을 쓰세요.",
        "lengths_form": "쉼표로 구분한 정수이거나 random이어야 합니다(받은 값 {value!r})",
        "lengths_form_hint": "샘플마다 유효 길이 하나씩, 예: --batch 3이면 --lengths 25,12,3.",
        "lengths_count": "길이가 {count}개인데 배치 크기는 {batch}입니다",
        "lengths_count_hint": "샘플마다 길이를 하나씩({batch}개) 주거나 --lengths random을 쓰세요.",
        "length_zero": "샘플 {sample}의 길이가 {value}입니다: 샘플마다 유효한 스텝이 하나 이상 있어야 합니다",
        "length_zero_hint": "유효한 스텝이 없는 시퀀스에는 Keras가 h를 줄 수 없습니다(cuDNN은 거부합니다). 1 이상을 쓰세요.",
        "length_too_long": "샘플 {sample}의 길이 {value:이} 윈도우 크기 {window}보다 깁니다",
        "length_too_long_hint": "길이는 윈도우 {window} 안의 유효한 스텝 수이므로 최대 {window}입니다.",
        "token_ids_features": "토큰 id 입력에서는 1이어야 합니다(받은 값 {value}): 스텝마다 정수 id 하나입니다",
        "token_ids_features_hint": "피처는 Embedding이 만듭니다(--embedding-dim). --features는 빼세요.",
        "mask_value_with_embedding": "Masking은 실수 피처에 쓰는데 Embedding은 정수 토큰 id를 받습니다",
        "mask_value_with_embedding_hint": "패딩 id 0을 가리려면 --mask-zero를 쓰거나 Embedding을 빼세요.",
        "mask_value_nan": "NaN일 수 없습니다: 어떤 스텝도 NaN과 같지 않아 아무것도 가려지지 않습니다",
        "conv_drops_mask": "Conv1D 앞단은 마스크를 버립니다: Keras의 Conv1D는 마스크를 넘기지 않습니다",
        "conv_drops_mask_hint": "마스크를 쓸 때는 --conv-filters를 빼거나, 마스크(--mask-zero, --mask-value)를 빼세요.",
        "lengths_need_mask": "샘플을 패딩하지만 패딩을 가리는 마스크가 없어 층이 패딩을 데이터로 읽습니다",
        "lengths_need_mask_hint": "--mask-value V(패딩 값)를 더하거나, 토큰 id에 --mask-zero를 쓰세요.",
        "lengths_need_mask_zero": "샘플을 id 0으로 패딩하지만 Embedding이 0을 가리지 않습니다",
        "lengths_need_mask_zero_hint": "--mask-zero를 더해 id 0을 패딩으로 쓰세요.",
        "mask_zero_without_embedding": "토큰 id 0을 가리지만 Embedding이 없어 토큰 id도 없습니다",
        "mask_zero_without_embedding_hint": "--embedding-vocab N을 더하거나, 실수 입력에는 --mask-value V를 쓰세요.",
        "embedding_without_vocab": "Embedding을 설정하는데, Embedding에는 --embedding-vocab이 필요합니다",
        "embedding_without_vocab_hint": "--embedding-vocab N(0을 포함한 토큰 id 수)을 더하세요.",
        "padding_without_lengths": "패딩 위치를 정하지만 얼마나 패딩할지 정하는 --lengths가 없습니다",
        "padding_without_lengths_hint": "--lengths L1,L2,... 또는 --lengths random을 더하세요.",
    },
    terms={"concat": "이어 붙이기", "sum": "합", "mul": "곱", "ave": "평균"},
)
